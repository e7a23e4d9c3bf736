# Shpalta's edge cache: Varnish 7.1 with the xkey vmod (Debian: varnish, varnish-modules).
#
# Reader pages are one HTML for everyone (docs/edge.md): their cookies are dropped and
# they are cached as long as the origin's Cache-Control (s-maxage) says; the desk,
# accounts, admin, every POST and the personal endpoints always go to the origin.
# Pages are purged by surrogate key with a soft purge (xkey.softpurge): the next reader
# gets the stale page while one background fetch brings the new one.
#
# The site's own part, /etc/varnish/shpalta-site.vcl (`manage.py varnish_site_vcl`),
# defines the backend, the purgers' ACL and the purge secret. Start with
#   varnishd -f shpalta.vcl -p vcl_path=/etc/varnish:/srv/shpalta/deploy/varnish ...
vcl 4.1;

import std;
import xkey;

include "shpalta-site.vcl";

sub vcl_recv {
    unset req.http.X-Shpalta-Cache;
    unset req.http.X-Shpalta-Expected-Secret;
    if (req.method == "PURGE") {
        call shpalta_purge;
    }
    if (req.method == "PRI") {
        return (synth(405));
    }
    if (!req.http.host && req.esi_level == 0 && req.proto ~ "^(?i)HTTP/1.1") {
        return (synth(400));
    }
    if (req.method !~ "^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$") {
        return (synth(405));
    }
    # A healthy origin: stale pages only briefly (its stale-while-revalidate). An origin
    # that fails its probe: any page still in grace, for as long as the outage lasts.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(desk|accounts|admin)(/|$)"
        || req.url ~ "^/comments/([0-9]+/(state\.json|all/)|unsubscribe/)"
        || req.url ~ "^/(healthz|readyz)(\?|$)") {
        return (pass);
    }
    # A reader whose script just wrote (a comment) reads the primary database for a few
    # seconds (X-Shpalta-Primary, see docs/deploy.md «Database»): never an older copy.
    if (req.http.X-Shpalta-Primary) {
        return (pass);
    }
    # Reader pages never read cookies or credentials: one cached copy for everyone.
    unset req.http.Cookie;
    unset req.http.Authorization;
    if (req.url ~ "\?") {
        # Tracking parameters change nothing on a page; the order of the others neither.
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z]+|fbclid|gclid|yclid|mc_[a-z]+)=[^&]*(&|$)", "");
        set req.url = regsub(req.url, "[?&]+$", "");
        set req.url = std.querysort(req.url);
    }
    return (hash);
}

sub shpalta_purge {
    # Both: an address allowed to purge and the shared secret (nginx in front makes every
    # reader look like 127.0.0.1, and it refuses PURGE too).
    if (client.ip !~ shpalta_purgers) {
        return (synth(403, "Forbidden"));
    }
    call shpalta_purge_secret;
    if (!req.http.X-Shpalta-Expected-Secret
        || req.http.X-Shpalta-Purge-Secret != req.http.X-Shpalta-Expected-Secret) {
        return (synth(403, "Forbidden"));
    }
    if (!req.http.xkey-purge) {
        return (synth(400, "xkey-purge header missing"));
    }
    set req.http.X-Shpalta-Purged = xkey.softpurge(req.http.xkey-purge);
    return (synth(200, "Purged " + req.http.X-Shpalta-Purged));
}

sub vcl_hash {
    # Only HTTPS reaches us through nginx; keep a stray plain-HTTP redirect apart anyway.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_pass {
    set req.http.X-Shpalta-Cache = "PASS";
}

sub vcl_backend_fetch {
    unset bereq.http.X-Shpalta-Cache;
}

sub vcl_backend_response {
    if (bereq.is_bgfetch && beresp.status >= 500) {
        return (abandon);  # keep serving the stale page
    }
    if (bereq.uncacheable) {
        return (deliver);
    }
    # The origin decides: only what it marks cacheable is kept, never a cookie or a
    # private answer (hit-for-miss: the next request fetches again).
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
        || !(beresp.http.Cache-Control ~ "(?i)(s-maxage|max-age)=[1-9]")) {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    if (beresp.http.Surrogate-Key) {
        # "all" is implicit on every page (shpalta.news.caching.ALL).
        set beresp.http.xkey = beresp.http.Surrogate-Key + " all";
    }
    set beresp.grace = 24h;
    if (beresp.http.Content-Type ~ "^(text/|application/(json|xml|rss\+xml|atom\+xml))") {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_backend_error {
    if (bereq.is_bgfetch) {
        return (abandon);  # keep serving the stale page
    }
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Cache-Control = "no-store";
    set beresp.http.Retry-After = "30";
    synthetic({"<!doctype html>
<html lang="uk"><head><meta charset="utf-8"><title>Сайт тимчасово недоступний</title></head>
<body><h1>Сайт тимчасово недоступний</h1><p>Спробуйте оновити сторінку за хвилину.</p></body></html>
"});
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;
    unset resp.http.Via;
    if (req.http.X-Shpalta-Cache == "PASS") {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
