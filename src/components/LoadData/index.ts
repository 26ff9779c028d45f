export { LoadDataButton } from './LoadDataButton';
export { DropOverlay } from './DropOverlay';
export { LoadPanel } from './LoadPanel';
