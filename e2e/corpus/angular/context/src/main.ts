// A stand-in for the project's bootstrap file.
import { enableProdMode } from '@angular/core';

if (process.env['NODE_ENV'] === 'production') enableProdMode();
console.log('corpus stand-in');
