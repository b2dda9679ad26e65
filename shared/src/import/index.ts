export * from './csvTokenize.js';
export * from './normalize.js';
export * from './headerMap.js';
export * from './importTypes.js';
export * from './openDataCsv.js';
export * from './geojsonImport.js';
export * from './applyImport.js';
