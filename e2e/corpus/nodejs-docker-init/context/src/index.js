// Stand-in for the sample's server (not the project's code): an Express app on port 3000.
const express = require('express');

const app = express();
app.get('/', (req, res) => res.send('todo list stand-in'));
app.listen(3000, () => console.log('Listening on port 3000'));
