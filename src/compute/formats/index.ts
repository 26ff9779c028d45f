/**
 * The file-format parsers' public surface. A worker typically needs only
 * `parseFile` (sniff + stream), `openProjector` (config + tensor + metadata),
 * `joinMetadata` (a separate labels file) and `toDataset`.
 */
export { ParseError, MAX_PROBLEMS, type Problem } from './errors';
export { toDataset, pickLabelColumn, type ParsedTable, type RawColumn, type ParseOptions, type NonFinitePolicy } from './table';
export { parseStream, parseBytes, type StreamParser, type StreamOptions, type StreamProgress } from './stream';
export { checkMemoryBudget, estimateMemory, type MemoryEstimate } from './memory';
export { sniffFormat, FORMAT_NAMES, SNIFF_BYTES, type FormatId, type FormatGuess } from './sniff';
export { parseFile, createParser, openProjector, parseMetadataFile, sniffBlob, blobChunks, type BlobLike, type OpenOptions } from './open';
export { projectorTsvParser } from './projectorTsv';
export { parseProjectorConfig, tensorBytesParser, type ProjectorConfig, type ProjectorEmbedding, type ProjectorSprite } from './projectorConfig';
export { metadataTsvParser, joinMetadata, labelsAsMetadata, type ParsedMetadata } from './metadata';
export { wordVectorsTextParser } from './wordVectorsText';
export { word2vecBinaryParser } from './word2vecBinary';
export { npyParser, npyArrayParser, parseNpyHeader, type NpyArray, type NpyHeader } from './npy';
export { npzParser, type NpzOptions } from './npz';
export { csvParser, type CsvOptions } from './csv';
export { jsonParser, jsonlParser, type JsonOptions } from './json';
export { parseParquet, type AsyncByteSource, type ParquetOptions } from './parquet';
