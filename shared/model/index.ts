export * from './common';
export * from './story';
export * from './edition';
export * from './settings';
export * from './migrate';
export * from './summary';
export * from './revision';
export * from './templates';
