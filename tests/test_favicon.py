"""/favicon.ico, which browsers ask for on pages without the icon link, is not a 404."""


def test_favicon_ico_leads_to_the_icon_without_logging_in(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response.headers["Location"])
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
