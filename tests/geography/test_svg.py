from mutualis.geography import svg


def test_rendered_map_has_outlines_and_points(geography):
    points = [{"lat": 48.43, "lon": 0.09, "number": 1}, {"lat": 48.74, "lon": -0.02, "number": 2}]
    out = svg.render(points, title="Carte <test>")
    assert out.startswith("<svg") and out.endswith("</svg>")
    assert "Carte &lt;test&gt;" in out
    assert out.count("<circle") == 2
    assert out.count('stroke="#b7c0c8"') > 20  # communes of the demo territory
    assert 'stroke="#4d5a66"' in out  # the Orne's outline


def test_projection_keeps_points_inside_the_frame():
    projection = svg.projection_for([{"lat": 48.0, "lon": 0.0}, {"lat": 48.5, "lon": 0.5}])
    for lat, lon in ((48.0, 0.0), (48.5, 0.5)):
        x, y = projection.xy(lat, lon)
        assert 0 < x < projection.width and 0 < y < projection.height
    # North is up.
    assert projection.xy(48.5, 0.0)[1] < projection.xy(48.0, 0.0)[1]
