export * from './privacyCheck.js';
export * from './privacyMessages.js';
