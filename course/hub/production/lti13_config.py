"""The course's Hub with students launched from the LMS by LTI 1.3 instead of passwords.

    jupyterhub -f course/hub/production/lti13_config.py

Everything of course/hub/jupyterhub_config.py holds, except who logs in: the LMS (Canvas, Moodle,
Blackboard, Open edX) launches the tool, and ltiauthenticator's LTI13Authenticator checks the
launch's signed ID token against the LMS's keys. On Kubernetes the same settings are
z2jh-values.yaml's hub.config (tools/tests/test_course_hub.py holds the two to each other).
Written and syntax-checked here, not run: it needs an LMS and `pip install
jupyterhub-ltiauthenticator` beside the Hub (the Zero to JupyterHub hub image ships it).

The values below are Canvas's (cloud); the LMS's tool registration gives yours: the issuer, the
client id(s), its authorization and JWKS endpoints. The Hub's own LTI configuration, to paste
into the LMS, is served at /hub/lti13/config.

username_key names the launch claim that becomes the JupyterHub user name. With this machine's
LocalProcessSpawner every name must be an account of the machine (add-student): give the LMS a
custom parameter with the login (Canvas: login=$Canvas.user.loginId) and use "custom_login".
"""

c = get_config()  # noqa: F821  (JupyterHub's config loader provides it)
load_subconfig("../jupyterhub_config.py")  # noqa: F821  (the course's Hub, relative to this file)

c.JupyterHub.authenticator_class = "ltiauthenticator.lti13.auth.LTI13Authenticator"
c.LTI13Authenticator.issuer = "https://canvas.instructure.com"
c.LTI13Authenticator.client_id = ["10000000000042"]
c.LTI13Authenticator.authorize_url = "https://canvas.instructure.com/api/lti/authorize_redirect"
c.LTI13Authenticator.jwks_endpoint = "https://canvas.instructure.com/api/lti/security/jwks"
c.LTI13Authenticator.username_key = "custom_login"
c.LTI13Authenticator.uri_scheme = "https"  # behind a proxy that ends TLS
# A little leeway for the LMS's and the Hub's clocks when the ID token's times are checked.
c.LTI13LaunchValidator.time_leeway = 10
