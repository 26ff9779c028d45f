/**
 * The eigen-solvers over flat Float64Arrays, for PCA and the spectral initialisation,
 * one purpose a file: orthonormalize.ts (Gram–Schmidt), symmetricEigen.ts (all pairs of
 * a small matrix), subspaceIteration.ts (top pairs of an operator; lanczos.ts is the
 * faster alternative; spectral init has its own, project/spectralIteration.ts),
 * eigenvectors.ts (sign convention, subspace agreement). This file
 * only gathers them, so callers import one name.
 */
export { orthonormalizeRows } from './orthonormalize';
export { symmetricEigen, tridiagonalEigen, tridiagonalRitz, type SymmetricEigen } from './symmetricEigen';
export { denseOperator, topEigenpairs, type SymmetricOperator, type TopEigen, type TopEigenOptions } from './subspaceIteration';
export { fixSigns, subspaceSimilarity } from './eigenvectors';
