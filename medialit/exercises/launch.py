"""One-click links that open a notebook on Binder or a JupyterHub, from the book's settings."""

from __future__ import annotations

import yaml

from ..paths import PLACEHOLDER_REPO, repo_root


def launch_links(notebook: str) -> dict:
    """One-click links that open ``notebook`` on Binder (and a JupyterHub, if one is set).

    Read from ``_config.yml`` (``repository`` and ``launch_buttons``), the same settings as
    the book's launch buttons.
    """
    from urllib.parse import quote

    cfg = yaml.safe_load((repo_root() / "_config.yml").read_text(encoding="utf-8"))
    repo, buttons = cfg.get("repository", {}), cfg.get("launch_buttons", {})
    links = {}
    url = str(repo.get("url", "")).rstrip("/")
    if PLACEHOLDER_REPO in url:  # no repository lives there: no link until a host sets its own
        return links
    branch = repo.get("branch", "main")
    if buttons.get("binderhub_url") and url.startswith("https://github.com/"):
        org_repo = url[len("https://github.com/"):]
        links["Binder"] = (f"{buttons['binderhub_url'].rstrip('/')}/v2/gh/{org_repo}/{branch}"
                           f"?urlpath=lab/tree/{quote(notebook)}")
    if buttons.get("jupyterhub_url") and url:
        repo_name = url.rsplit("/", 1)[-1]
        links["JupyterHub"] = (f"{buttons['jupyterhub_url'].rstrip('/')}/hub/user-redirect/git-pull"
                               f"?repo={quote(url, safe='')}&branch={branch}"
                               f"&urlpath=lab/tree/{repo_name}/{quote(notebook)}")
    return links
