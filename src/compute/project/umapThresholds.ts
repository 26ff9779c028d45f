/**
 * PCA pre-reduction thresholds shared by the UMAP pipeline (bench, tests) and the
 * projection worker (and, through workers/projectJobs.ts, the method panel). A module
 * of plain constants with no imports, so the main thread can read them without pulling
 * in any compute code. Why these values: see umapPipeline.ts.
 */

/** Pre-reduce with PCA by default only above this many dimensions. */
export const PRE_REDUCE_ABOVE_DIM = 128;
/** …and reduce to this many components. */
export const PRE_REDUCE_DIMS = 50;
