// Moved to the engine (run ids use it too); kept so existing imports of the server keep working.
export { uuidV7, uuidV7Generator } from '@riposte/engine';
