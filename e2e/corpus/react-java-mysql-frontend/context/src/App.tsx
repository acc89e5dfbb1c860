import React from 'react';

// A stand-in for the project's component.
export default function App(): JSX.Element {
  return <h1>Hello from the corpus</h1>;
}
