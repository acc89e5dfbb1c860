// A stand-in for the project's entry: mounts one component.
import { createApp, h } from 'vue';

createApp({ render: () => h('h1', 'Hello from the corpus') }).mount('#app');
