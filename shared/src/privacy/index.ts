export * from './privacyCheck.js';
export * from './privacyMessages.js';
export * from './precision.js';
export * from './consult.js';
export * from './publicView.js';
