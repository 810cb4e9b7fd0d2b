"""The course's Hub (course/hub/jupyterhub_config.py) as the Hub test runs it (HubTest.java):
every setting of the course's, plus what only the test needs: ports of its own for the Hub's
API and the proxy's (a Hub already running on this machine is left alone), and a service whose
token lets the test stop and start a student's server and read the Hub's view of them."""

import os

c = get_config()  # noqa: F821  (JupyterHub's config loader provides it)
load_subconfig(os.environ["HUB_TEST_COURSE_CONFIG"])  # noqa: F821

c.JupyterHub.hub_port = int(os.environ["HUB_TEST_HUB_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['HUB_TEST_PROXY_API_PORT']}"
c.JupyterHub.services = [{"name": "hub-test", "api_token": os.environ["HUB_TEST_TOKEN"]}]
c.JupyterHub.load_roles = [{"name": "hub-test", "services": ["hub-test"],
                            "scopes": ["admin:servers", "read:users", "access:servers"]}]
