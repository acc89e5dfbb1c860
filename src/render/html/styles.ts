// The page's stylesheet, inlined so the report is one file that works offline:
// system fonts only, no images (hatching is a CSS gradient), print rules last.

/** CSS for the HTML report. */
export const STYLES = `
:root{--bg:#f4f5f7;--card:#fff;--fg:#1f2937;--muted:#6b7280;--line:#e5e7eb;--grid:#eef0f3;
--ran:#3b82f6;--critical:#f97316;--failed:#dc2626;--base:#94a3b8;--warn:#b45309;--hl:#fef9c3;
--cached:repeating-linear-gradient(135deg,#cbd5e1 0 3px,#eef2f6 3px 6px);
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;--label:minmax(16rem,40%)}
@media (prefers-color-scheme:dark){:root{--bg:#111418;--card:#1a1e24;--fg:#e5e7eb;--muted:#9ca3af;--line:#2d333b;--grid:#22272e;
--hl:#3b3516;--cached:repeating-linear-gradient(135deg,#475569 0 3px,#2a3340 3px 6px);--warn:#f59e0b}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1280px;margin:0 auto;padding:1.25rem}
h1{font-size:1.35rem;margin:0 0 .75rem}h2{font-size:1.05rem;margin:0 0 .6rem}
code,pre{font-family:var(--mono);font-size:12.5px}
a{color:inherit}a:hover{color:var(--ran)}
.muted{color:var(--muted);font-weight:normal}.warn{color:var(--warn)}.num{text-align:right}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem 1.1rem;margin:0 0 1rem}
.page-head{margin-bottom:1rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.6rem}
.tile{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.55rem .8rem}
.tile-label{color:var(--muted);font-size:.75rem;text-transform:uppercase;letter-spacing:.04em}
.tile-value{font-size:1.35rem;font-weight:600}.tile-extra{color:var(--muted);font-size:.78rem}
.status.success{color:#16a34a}.status.failed{color:var(--failed)}.status.canceled{color:var(--warn)}
.meta{color:var(--muted);margin:.6rem 0 0;font-size:.85rem}
.error-box{border:1px solid var(--failed);border-left-width:4px;border-radius:6px;padding:.6rem .8rem;margin-top:.75rem;background:color-mix(in srgb,var(--failed) 6%,var(--card))}
.error-box pre{margin:.5rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere;max-height:16rem;overflow:auto}
.internal{margin-top:.5rem;font-size:.85rem}.internal table{border-collapse:collapse;margin-top:.3rem}.internal td{padding:.1rem .6rem .1rem 0}
.legend{display:flex;gap:1rem;font-size:.8rem;color:var(--muted);margin:-.2rem 0 .5rem}
.sw{display:inline-block;width:1.4rem;height:.7rem;border-radius:2px;margin-right:.35rem;vertical-align:-1px}
.sw.ran{background:var(--ran)}.sw.cached{background:var(--cached)}.sw.critical{background:var(--critical)}.sw.failed{background:var(--failed)}
.sw.canceled{background:transparent;box-shadow:inset 0 0 0 2px var(--warn)}
.tl-axis,.tl-row,.tl-stage{display:grid;grid-template-columns:var(--label) 1fr;align-items:center;column-gap:.75rem}
.tl-ticks{position:relative;height:1.2rem;font-size:.72rem;color:var(--muted);border-bottom:1px solid var(--line)}
.tl-tick{position:absolute;transform:translateX(-50%);white-space:nowrap}.tl-tick:first-child{transform:none}
.tl-track{position:relative;height:1.5rem;background-image:linear-gradient(to right,var(--grid) 1px,transparent 1px);background-size:var(--tick,10%) 100%}
.tl-row{border-radius:4px}.tl-row:hover,.hl{background:var(--hl)}
.tl-label{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;text-decoration:none;padding-left:.9rem}
.ln{color:var(--muted);font-size:.78rem;font-variant-numeric:tabular-nums;display:inline-block;min-width:4.6rem}
.tl-bar{position:absolute;top:4px;bottom:4px;min-width:3px;border-radius:3px;background:var(--ran)}
.tl-row.cached .tl-bar{background:var(--cached);box-shadow:inset 0 0 0 1px #94a3b8}
.tl-row.critical .tl-bar{background:var(--critical)}
.tl-row.cached.critical .tl-bar{background:var(--cached);box-shadow:inset 0 0 0 2px var(--critical)}
.tl-row.failed .tl-bar{background:var(--failed)}
.tl-row.canceled .tl-bar{background:transparent;box-shadow:inset 0 0 0 2px var(--warn)}
.tl-row.critical .tl-label code{font-weight:600}
.tl-dur{position:absolute;top:.15rem;font-size:.72rem;color:var(--muted);white-space:nowrap}
.tl-none{font-size:.75rem;color:var(--muted);padding-left:.3rem}
.tl-stage{margin-top:.45rem}.tl-stage-name{font-size:.85rem}
.tl-stage .tl-track{height:1.3rem}
.tl-extent{position:absolute;top:.55rem;height:.2rem;border-radius:2px;background:var(--muted);opacity:.45}
.ly-row{display:grid;grid-template-columns:var(--label) 1fr 12rem;align-items:center;column-gap:.75rem;border-radius:4px;padding:1px 0}
.ly-row:hover{background:var(--hl)}
.ly-label{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;text-decoration:none}
.ly-track{height:1rem;position:relative}
.ly-bar{position:absolute;left:0;top:2px;bottom:2px;min-width:3px;border-radius:3px;background:var(--ran);overflow:hidden}
.ly-row.base .ly-bar{background:var(--base)}
.ly-waste{position:absolute;right:0;top:0;bottom:0;background:var(--failed)}
.ly-size{font-variant-numeric:tabular-nums;text-align:right;font-size:.85rem}
.tag{display:inline-block;font-size:.7rem;line-height:1.1rem;padding:0 .4rem;border-radius:999px;margin:0 .2rem 0 0;text-decoration:none;white-space:nowrap;border:1px solid transparent;font-family:system-ui,sans-serif}
.tag.base{background:#e2e8f0;color:#334155}.tag.critical{background:#ffedd5;color:#9a3412}.tag.miss{background:#ede9fe;color:#5b21b6}
.tag.sev-error{background:#fee2e2;color:#991b1b}.tag.sev-warning{background:#fef3c7;color:#92400e}.tag.sev-info{background:#e0f2fe;color:#075985}
.df-head,.df-line{display:grid;grid-template-columns:3rem minmax(0,1fr) 4.2rem 6.2rem 5.6rem 11rem;column-gap:.6rem;align-items:start}
.df-head{font-size:.72rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;border-bottom:1px solid var(--line);padding-bottom:.2rem}
.df-line{border-left:3px solid transparent;padding:1px 0}
.df-line.ran{border-left-color:var(--ran)}.df-line.cached{border-left-color:#cbd5e1}
.df-line.failed{border-left-color:var(--failed)}.df-line.canceled{border-left-color:var(--warn)}.df-line.comment .df-code{color:var(--muted)}
.df-line.first{border-top:1px solid var(--grid)}
.df-line:target{background:var(--hl);outline:1px solid var(--critical)}
.df-num{color:var(--muted);text-align:right;font-family:var(--mono);font-size:12px;text-decoration:none;padding-right:.2rem}
.df-code{white-space:pre-wrap;overflow-wrap:anywhere}
.df-time,.df-size{text-align:right;font-variant-numeric:tabular-nums;font-size:.82rem}
.df-time.critical{color:var(--critical);font-weight:600}
.df-status{font-size:.8rem}.df-status.ran{color:var(--ran)}.df-status.failed{color:var(--failed);font-weight:600}.df-status.canceled{color:var(--warn)}.df-status.cached{color:var(--muted)}
.df-gap{color:var(--muted);font-size:.72rem;padding:0 0 0 1.7rem;font-family:var(--mono);border-top:1px solid var(--grid)}
.findings{margin:0;padding-left:1.4rem}.finding{margin:.35rem 0}.finding:target{background:var(--hl)}
.finding details{margin:.2rem 0 0}.finding pre{background:var(--bg);padding:.5rem;border-radius:4px;overflow:auto;max-height:18rem;margin:.3rem 0}
.savings{color:#15803d;font-weight:600;font-size:.85rem}
table.misses{border-collapse:collapse;width:100%;font-size:.88rem}
.misses th,.misses td{padding:.25rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
.misses tr.root td{font-weight:600}
footer{color:var(--muted);font-size:.78rem;text-align:center;padding:.5rem 0 1rem}
.fb-controls{display:flex;flex-wrap:wrap;gap:.6rem 1.5rem;align-items:center;margin:0 0 .5rem}
.fb-controls[hidden]{display:none}
.fb-filter input{font:inherit;padding:.2rem .45rem;margin-left:.35rem;min-width:16rem;border:1px solid var(--line);border-radius:4px;background:var(--card);color:var(--fg)}
.fb-view{border:none;margin:0;padding:0;display:flex;gap:1rem;align-items:center}.fb-view legend{float:left;margin-right:.6rem;color:var(--muted)}
.fb-legend{font-size:.8rem;color:var(--muted);margin:.2rem 0}
.fb-layer{border-top:1px solid var(--grid);padding:.15rem 0}.fb-layer>summary{cursor:pointer}
.fb-title{font-family:var(--mono);font-size:12.5px}
.fb-matches{font-size:.78rem;color:var(--ran);font-weight:600}.fb-matches.none{color:var(--muted);font-weight:normal}
.fb-tree{margin:.25rem 0 .4rem}
.fb-list{list-style:none;margin:0;padding-left:1.1rem;font-family:var(--mono);font-size:12.5px}.fb-root{padding-left:.4rem}
.fb-list summary{cursor:pointer}.fb-row{padding-left:1rem}
.fb-list li{line-height:1.5}
.fb-name{margin-right:.6rem}.fb-name.gone{text-decoration:line-through;color:var(--muted)}
.fb-size,.fb-count{color:var(--muted);margin-right:.6rem;font-variant-numeric:tabular-nums}
.fb-tag{display:inline-block;font-size:.68rem;line-height:1rem;padding:0 .35rem;border-radius:999px;margin-right:.25rem;font-family:system-ui,sans-serif}
.fb-tag.added{background:#dcfce7;color:#166534}.fb-tag.modified{background:#fef3c7;color:#92400e}
.fb-tag.removed{background:#fee2e2;color:#991b1b}.fb-tag.wasted{background:#991b1b;color:#fff}
.fb-more{color:var(--muted);font-style:italic;padding-left:1rem}
@media (max-width:800px){:root{--label:minmax(10rem,45%)}
.df-line{grid-template-columns:2.4rem minmax(0,1fr) 3.8rem 5.4rem}.df-head{display:none}
.df-size,.df-badges{grid-column:2/-1;text-align:left}.df-size:empty,.df-badges:empty{display:none}}
@media print{
:root{--bg:#fff;--card:#fff;--fg:#000;--hl:transparent}
body{font-size:11px}main{max-width:none;padding:0}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.card{border:none;border-top:1px solid #ccc;border-radius:0;padding:.6rem 0;break-inside:auto}
h2{break-after:avoid}
.tl-row,.tl-stage,.ly-row,.df-line,.finding,tr{break-inside:avoid}
.tl-label,.ly-label{white-space:normal}
a{text-decoration:none}.legend{display:flex}
.fb-controls,.fb-tree{display:none}
details>summary{list-style:none}
}
`;
