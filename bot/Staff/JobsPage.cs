using System.Security.Cryptography;
using KissBot.Scheduler.Delivery;
using KissBot.Scheduler.Hosting;

namespace KissBot.Bot.Staff;

/// <summary>
/// A small jobs dashboard in the spirit of Hangfire's. Security decision: the HTML at <c>GET /api/staff/jobs</c> is a
/// static shell with no data and no key in it; the officer types the staff key into the page, which keeps it in
/// sessionStorage and sends it as the X-Api-Key header to the JSON endpoints of the staff group
/// (<c>/api/staff/jobs/status</c>, <c>…/jobs/{name}/run</c>, <c>/api/staff/outbox/{id}/retry</c>). The key therefore
/// never appears in a URL (server logs, browser history, Referer), and every byte of data still requires it.
/// The shell is served with a nonce-based CSP, no-store and no-referrer.
/// </summary>
public static class JobsPage
{
    public static WebApplication MapJobsPage(this WebApplication app, RouteGroupBuilder staff)
    {
        app.MapGet("/api/staff/jobs", (HttpContext http) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers["Referrer-Policy"] = "no-referrer";
            http.Response.Headers["X-Content-Type-Options"] = "nosniff";
            http.Response.Headers["Content-Security-Policy"] =
                $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
            return Results.Content(Html.Replace("{{nonce}}", nonce), "text/html; charset=utf-8");
        });
        staff.MapGet("/jobs/status", async (JobsOverview jobs, CancellationToken ct) => Results.Json(await jobs.ReadAsync(ct)));
        staff.MapPost("/jobs/{name}/run", async (string name, JobsOverview jobs, CancellationToken ct) =>
            await jobs.RunNowAsync(name, ct) ? Results.Accepted() : Results.NotFound());
        staff.MapPost("/outbox/{id:long}/retry", async (long id, OutboxDispatcher outbox, CancellationToken ct) =>
            await outbox.RetryDeadAsync(id, ct) ? Results.Ok(new { id, status = "pending" }) : Results.NotFound());
        return app;
    }

    private const string Html = """
        <!doctype html>
        <html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>KissBot — Jobs</title>
        <style nonce="{{nonce}}">
          body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222} h1{font-size:1.3rem} h2{font-size:1.05rem;margin-top:1.6rem}
          table{border-collapse:collapse;width:100%;font-size:.9rem} th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
          .succeeded{color:#17803d}.failed,.dead{color:#b42318}.running{color:#b54708} button{cursor:pointer} #err{color:#b42318}
          .cards span{display:inline-block;margin-right:1rem;padding:.4rem .7rem;border:1px solid #ddd;border-radius:.4rem}
        </style></head><body>
        <h1>KissBot — Jobs &amp; Outbox</h1>
        <form id="login"><label>Staff API key <input id="key" type="password" autocomplete="off"></label> <button>Masuk</button> <button type="button" id="logout">Keluar</button></form>
        <p id="err"></p>
        <h2>Recurring jobs</h2>
        <table><thead><tr><th>Job</th><th>Cron (WITA)</th><th>Next run</th><th>Last run</th><th>Outcome</th><th></th></tr></thead><tbody id="jobs"></tbody></table>
        <h2>Failed runs</h2>
        <table><thead><tr><th>Job</th><th>Started</th><th>Node</th><th>Error</th><th></th></tr></thead><tbody id="failed"></tbody></table>
        <h2>Outbox</h2><div class="cards" id="counts"></div>
        <h2>Retrying</h2>
        <table><thead><tr><th>#</th><th>Kind</th><th>Recipient</th><th>Attempts</th><th>Next attempt</th><th>Last error</th></tr></thead><tbody id="pending"></tbody></table>
        <h2>Dead letters</h2>
        <table><thead><tr><th>#</th><th>Kind</th><th>Recipient</th><th>Attempts</th><th>Created</th><th>Error</th><th></th></tr></thead><tbody id="dead"></tbody></table>
        <script nonce="{{nonce}}">
        const $ = id => document.getElementById(id);
        const fmt = t => t ? new Date(t).toLocaleString('id-ID', { timeZone: 'Asia/Makassar' }) : '—';
        function key() { return sessionStorage.getItem('kissbot.staffKey') || ''; }
        async function api(method, path) {
          const res = await fetch('/api/staff' + path, { method, headers: { 'X-Api-Key': key() } });
          if (res.status === 401) throw new Error('Kunci staf tidak valid.');
          if (!res.ok) throw new Error('HTTP ' + res.status);
          return res.status === 202 ? null : res.json();
        }
        function row(tbody, cells, action) {
          const tr = document.createElement('tr');
          for (const c of cells) { const td = document.createElement('td'); td.textContent = c.text ?? c; if (c.cls) td.className = c.cls; tr.appendChild(td); }
          const td = document.createElement('td');
          if (action) { const b = document.createElement('button'); b.textContent = action.label; b.onclick = action.run; td.appendChild(b); }
          tr.appendChild(td); tbody.appendChild(tr);
        }
        async function load() {
          $('err').textContent = '';
          if (!key()) { $('err').textContent = 'Masukkan kunci staf.'; return; }
          try {
            const s = await api('GET', '/jobs/status');
            for (const id of ['jobs', 'failed', 'pending', 'dead']) $(id).replaceChildren();
            for (const j of s.jobs) row($('jobs'), [j.name + ' — ' + j.description, j.cron, fmt(j.nextRun), fmt(j.lastRun),
              { text: (j.lastOutcome || '—') + (j.lastError ? ': ' + j.lastError : j.lastSummary ? ': ' + j.lastSummary : ''), cls: j.lastOutcome }],
              { label: 'Jalankan', run: () => api('POST', '/jobs/' + encodeURIComponent(j.name) + '/run').then(() => setTimeout(load, 1500), e => $('err').textContent = e.message) });
            for (const r of s.failedRuns) row($('failed'), [r.job, fmt(r.startedAt), r.node, { text: r.error || '', cls: 'failed' }],
              { label: 'Coba lagi', run: () => api('POST', '/jobs/' + encodeURIComponent(r.job) + '/run').then(() => setTimeout(load, 1500), e => $('err').textContent = e.message) });
            $('counts').replaceChildren(...Object.entries(s.outbox).map(([k, v]) => { const e = document.createElement('span'); e.textContent = k + ': ' + v; e.className = k; return e; }));
            for (const m of s.pending) row($('pending'), [m.id, m.kind, m.recipient, m.attempts, fmt(m.nextAttemptAt), m.lastError || '']);
            for (const m of s.deadLetters) row($('dead'), [m.id, m.kind, m.recipient, m.attempts, fmt(m.createdAt), { text: m.lastError || '', cls: 'dead' }],
              { label: 'Kirim ulang', run: () => api('POST', '/outbox/' + m.id + '/retry').then(load, e => $('err').textContent = e.message) });
          } catch (e) { $('err').textContent = e.message; }
        }
        $('login').onsubmit = ev => { ev.preventDefault(); sessionStorage.setItem('kissbot.staffKey', $('key').value); $('key').value = ''; load(); };
        $('logout').onclick = () => { sessionStorage.removeItem('kissbot.staffKey'); location.reload(); };
        load(); setInterval(() => { if (key()) load(); }, 15000);
        </script></body></html>
        """;
}
