export * from './mergeResources.js';
export * from './citySummary.js';
export * from './units.js';
export * from './unitEdit.js';
export * from './unitGeo.js';
export * from './citySummaryCsv.js';
export * from './cityData.js';
export * from './cityExportLabels.js';
