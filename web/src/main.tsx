import { render } from 'preact';
import { en } from './i18n/en';
import { App } from './state/app';
import { Root } from './ui/Root';
import './styles.css';

const app = new App(localStorage, location, en.sessionEnded);
const root = document.getElementById('app');
if (!root) throw new Error('index.html lacks #app');
render(<Root app={app} t={en} />, root);

// Registered from the bundle, not an inline script (CSP). Only on a served origin: dev servers skip it.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  navigator.serviceWorker.register('./sw.js').catch((error: unknown) => console.warn('service worker not registered', error));
}
