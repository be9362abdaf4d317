export { assetInputSchema, assetKinds, assetSchema, normalizeAssetKey, type Asset, type AssetInput, type AssetKind } from './asset.ts';
export { AssetStore } from './asset-store.ts';
export { assetsOfResource } from './resource-assets.ts';
export { registerAssetRoutes } from './asset-routes.ts';
