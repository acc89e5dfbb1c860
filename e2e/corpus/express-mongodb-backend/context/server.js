// A stand-in for the project's server: an Express app with one route.
const express = require('express');

const app = express();
app.get('/', (req, res) => res.json({ ok: true }));
app.listen(3000, () => console.log('listening on 3000'));
