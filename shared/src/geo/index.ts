export * from './geojsonAreas.js';
export * from './areaCommands.js';
export * from './areaFilter.js';
export * from './addPin.js';
