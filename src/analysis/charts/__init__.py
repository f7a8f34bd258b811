"""Charts in one shared style (``style``) and choropleth maps drawn with matplotlib (``maps``)."""
