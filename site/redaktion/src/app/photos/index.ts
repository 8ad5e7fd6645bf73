import '../../styles/photos.css';

/** The photo screens, one chunk loaded when first shown: the upload and the library never weigh on the story pages. */
export { storyPhotosScreen } from './item.ts';
export { mediaLibrary } from './library.ts';
export { releasePhotosScreen } from './release.ts';
