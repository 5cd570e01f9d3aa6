// The values of a radio group's inputs, in document order (the order arrow keys move through them).
(inputs) => inputs.map(e => e.value)
