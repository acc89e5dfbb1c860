import React from 'react';

// A stand-in for the project's component: one heading is enough to build.
export default function App() {
  return <h1>Hello from the corpus</h1>;
}
