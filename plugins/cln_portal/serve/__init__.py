"""Serving the built portal with nginx: the shipped configuration and how it is rendered.

:mod:`.nginx` renders ``nginx.conf.template`` for a site folder, an address and a URL prefix;
``python -m cln_portal.serve`` (``make serve-site``) renders it and runs nginx without root.
"""
