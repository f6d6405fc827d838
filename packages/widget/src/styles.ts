/**
 * The widget's only stylesheet, inside its shadow root. The host page's rules cannot select the
 * shadow tree, but they do reach the host element and what it passes down by inheritance, so
 * `:host` resets everything with `all: initial !important` and sets what it needs with !important:
 * between two !important declarations, the one from the shadow tree wins over the page's
 * (CSS Cascade 4, "context"), whatever the page's specificity. Sizes are in px because the page
 * decides what `rem` is.
 */

export const FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';

/** The host's box: fixed to a corner of the viewport, or (preview) absolute inside its container. */
export function hostCss(position: "bottom-right" | "bottom-left", preview: boolean): string {
  const side = position === "bottom-left" ? "left" : "right";
  const other = side === "left" ? "right" : "left";
  return `:host{all:initial!important;display:block!important;position:${preview ? "absolute" : "fixed"}!important;
bottom:16px!important;${side}:16px!important;${other}:auto!important;top:auto!important;
z-index:${preview ? 1 : 2147483000}!important;direction:ltr!important;visibility:visible!important;opacity:1!important;
transform:none!important;filter:none!important;zoom:1!important;width:auto!important;height:auto!important;
margin:0!important;padding:0!important;border:0!important;background:none!important;pointer-events:auto!important;
font-family:${FONT_STACK}!important;font-size:14px!important;line-height:1.45!important;font-weight:400!important;
color:#1a1a1a!important;text-align:left!important;-webkit-text-size-adjust:100%!important}
.root{align-items:${side === "left" ? "flex-start" : "flex-end"}}`;
}

export const CSS = `
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.root{display:flex;flex-direction:column;gap:12px}
.sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
button,input,a{font:inherit;color:inherit}
:focus{outline:none}
:focus-visible{outline:3px solid #111;outline-offset:2px;box-shadow:0 0 0 2px #fff}
.launcher{display:inline-flex;align-items:center;gap:8px;height:48px;max-width:min(320px,calc(var(--vw) - 32px));padding:0 20px 0 16px;border:0;border-radius:24px;
background:var(--accent);color:var(--on-accent);font-weight:600;font-size:15px;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.22);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.launcher svg{flex:none;width:20px;height:20px;fill:currentColor}
.launcher span{overflow:hidden;text-overflow:ellipsis}
.panel{width:min(360px,calc(var(--vw) - 32px));max-height:var(--maxh);overflow:auto;overscroll-behavior:contain;background:#fff;color:#1a1a1a;border-radius:14px;
box-shadow:0 10px 40px rgba(0,0,0,.25),0 0 0 1px rgba(0,0,0,.06);padding:0 0 16px}
.head{position:sticky;top:0;z-index:1;display:flex;align-items:center;gap:10px;padding:12px 12px 12px 16px;background:var(--accent);color:var(--on-accent);border-radius:14px 14px 0 0}
.head img{width:32px;height:32px;object-fit:contain;border-radius:6px;background:#fff}
.head h2{flex:1;margin:0;font-size:16px;font-weight:700;line-height:1.3;overflow-wrap:anywhere}
.x{flex:none;width:36px;height:36px;border:0;border-radius:18px;background:transparent;color:inherit;font-size:24px;line-height:1;cursor:pointer}
.x:hover{background:rgba(127,127,127,.25)}
.body{padding:0 16px}
.status{margin:12px 16px 0;font-size:14px}
.status:empty{display:none}
.status.error{padding:10px 12px;border-radius:8px;background:#fdecea;color:#8a1c12;border:1px solid #f3b8b0}
.status.info{padding:10px 12px;border-radius:8px;background:#eef4ff;color:#1a3a7a;border:1px solid #c4d6fb}
.muted{color:#555}
p{margin:8px 0}
h3{margin:18px 0 6px;font-size:14px;font-weight:700}
ul{list-style:none;margin:0;padding:0}
a{color:var(--ink);text-decoration:underline;text-underline-offset:2px}
.hello{font-size:16px;font-weight:600;margin-top:14px}
.big{font-size:34px;font-weight:800;line-height:1.1;margin:2px 0 4px;color:#111}
.label{margin:12px 0 0;color:#555;font-size:13px}
.badge{display:inline-block;padding:2px 10px;border:1px solid #333;border-radius:999px;font-weight:600;font-size:13px;margin-right:6px}
.bar{height:10px;border-radius:5px;background:#e6e6e6;overflow:hidden;margin:8px 0 4px}
.fill{height:100%;background:var(--ink);border-radius:5px}
.ops li{display:flex;justify-content:space-between;gap:10px;padding:7px 0;border-top:1px solid #eee}
.ops li:first-child{border-top:0}
.op-title{display:block;font-weight:500;overflow-wrap:anywhere}
.op-meta{display:block;font-size:12px;color:#555}
.pts{flex:none;font-weight:700;white-space:nowrap}
.plus{color:#0b6b43}.minus{color:#a4161a}
.rewards li{margin:6px 0}
.rewards a{display:flex;justify-content:space-between;align-items:center;gap:10px;padding:10px 12px;border:1px solid #ddd;border-radius:10px;text-decoration:none;color:#1a1a1a}
.rewards a:hover{border-color:var(--ink)}
.r-name{display:block;font-weight:600;overflow-wrap:anywhere}
.r-state{display:block;font-size:12px;color:#555}
.r-state.ok{color:#0b6b43;font-weight:600}
.price{flex:none;font-weight:700;white-space:nowrap}
.row{display:flex;gap:8px;align-items:stretch}
.row input{flex:1;min-width:0}
.field{margin:10px 0}
.field label{display:block;font-weight:600;font-size:13px;margin-bottom:4px}
input{display:block;width:100%;height:40px;padding:0 10px;border:1px solid #767676;border-radius:8px;background:#fff;color:#1a1a1a;font-size:15px}
input[aria-invalid=true]{border-color:#b3261e;border-width:2px}
.ferr{margin:4px 0 0;color:#b3261e;font-size:13px}
.btn{display:inline-flex;align-items:center;justify-content:center;min-height:40px;padding:0 16px;border-radius:8px;border:1px solid var(--ink);background:#fff;color:var(--ink);font-weight:600;cursor:pointer;text-decoration:none}
.primary{width:100%;margin-top:6px;background:var(--accent);color:var(--on-accent);border-color:var(--accent)}
.btn[aria-disabled=true]{opacity:.7;cursor:progress}
.linkbtn{display:inline;padding:4px 0;border:0;background:none;color:var(--ink);text-decoration:underline;text-underline-offset:2px;cursor:pointer;margin-top:8px}
.links{display:flex;flex-wrap:wrap;gap:8px 16px;margin:16px 0 4px}
.signout{width:100%;margin-top:14px}
.spin{display:inline-block;width:14px;height:14px;margin-right:8px;vertical-align:-2px;border:2px solid #bbb;border-top-color:#333;border-radius:50%;animation:rwspin .8s linear infinite}
@keyframes rwspin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.spin{animation:none}}
`;
