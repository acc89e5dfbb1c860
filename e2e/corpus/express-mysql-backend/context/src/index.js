// A stand-in for the project's entry point: an Express app with one route.
const express = require('express');
const morgan = require('morgan');

const app = express();
app.use(morgan('common'));
app.get('/', (req, res) => res.json({ ok: true }));
app.listen(process.env.PORT || 80);
