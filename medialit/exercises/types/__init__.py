"""The exercise types, one module each; ``medialit.exercises.registry`` lists them."""
