"""Each lesson's analyses: one module a lesson, each function returning a pandas object.

``from medialit.lessons import sourcing`` (lesson 1), ``framing`` (lesson 2), ``unverified``
(lesson 3), ``outlets`` (lesson 4). The notebooks show the results with ``medialit.charts``.
"""
