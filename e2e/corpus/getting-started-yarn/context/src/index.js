// A stand-in for the todo app's server: serves the static page.
const express = require('express');

const app = express();
app.use(express.static(__dirname + '/static'));
app.listen(3000, () => console.log('Listening on port 3000'));
