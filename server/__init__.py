"""报送平台: the web application where offices upload their return and see the check at once,
and the supervising office watches the round. It calls the checker only through its
public API (``server.checking``)."""
