export { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium } from '../../electron/layout/chromium';
