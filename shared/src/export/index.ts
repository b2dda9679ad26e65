export * from './workshopData.js';
export * from './exportFilter.js';
export * from './geojson.js';
export * from './csv.js';
export * from './csvExport.js';
export * from './summary.js';
export * from './summaryCsv.js';
export * from './backup.js';
