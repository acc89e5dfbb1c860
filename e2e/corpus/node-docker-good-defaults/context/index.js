// A stand-in for the project's app: an Express app with one route.
const express = require('express');
const morgan = require('morgan');

const app = express();
app.use(morgan('common'));
app.get('/', (req, res) => res.send('Hello from the corpus'));
module.exports = app;
