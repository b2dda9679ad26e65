export * from './mergeResources.js';
export * from './citySummary.js';
