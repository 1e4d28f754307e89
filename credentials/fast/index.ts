// The fast eddsa-rdfc-2022 path (shape templates); see docs/performance.md.
export { createFastSigner, FastSigner, type FastSignerOptions, type FastStats } from './engine.ts';
export { shapeOf, type Shape, type Leaf } from './shape.ts';
export { isVerbatimIri } from './canonize.ts';
export { configureFastPath, currentFastSigner, unprovenFastPath } from './default.ts';
export { installedVersions, provenVersions, unprovenVersions } from './versions.ts';
