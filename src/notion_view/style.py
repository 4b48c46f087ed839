"""The stylesheet: Notion's typography, palette and block layouts (light theme)."""

STYLE = """
:root { --text: rgb(55, 53, 47); --muted: rgba(55, 53, 47, 0.65); --line: rgba(55, 53, 47, 0.16);
  --code-bg: rgb(247, 246, 243); --inline-code: rgba(135, 131, 120, 0.15); }
.notion-view { margin: 0; background: #fff; }
.notion-page { max-width: 708px; margin: 0 auto; padding: 0 24px 96px; color: var(--text);
  font-family: ui-sans-serif, -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica,
    "Apple Color Emoji", Arial, sans-serif, "Segoe UI Emoji", "Segoe UI Symbol";
  font-size: 16px; line-height: 1.5; -webkit-font-smoothing: auto; word-wrap: break-word; }
.notion-page * { box-sizing: border-box; }
.notion-page header { padding-top: 48px; }
.page-cover { margin: 0 -24px; height: 200px; overflow: hidden; }
.page-cover img { width: 100%; height: 200px; object-fit: cover; display: block; }
.page-icon-large { font-size: 64px; line-height: 1; display: block; margin-bottom: 8px; }
img.page-icon-large { width: 72px; height: 72px; object-fit: cover; }
.page-title { font-size: 40px; font-weight: 700; line-height: 1.2; margin: 0 0 16px; }
.page-properties { border-collapse: collapse; margin-bottom: 16px; font-size: 14px; }
.page-properties th { text-align: left; font-weight: 400; color: var(--muted);
  padding: 4px 24px 4px 0; }
.page-properties td { padding: 4px 0; }
.page-body p { margin: 0; white-space: pre-wrap; }
.block { margin: 2px 0; }
.paragraph p { padding: 3px 2px; min-height: 1.5em; }
.children { padding-left: 1.5em; }
.heading h2, .heading h3, .heading h4, .heading h5 { font-weight: 600; line-height: 1.3;
  margin: 0; padding: 3px 2px; white-space: pre-wrap; }
.heading_1 { margin-top: 2em; } .heading_1 h2 { font-size: 1.875em; }
.heading_2 { margin-top: 1.4em; } .heading_2 h3 { font-size: 1.5em; }
.heading_3 { margin-top: 1em; } .heading_3 h4 { font-size: 1.25em; }
.heading_4 { margin-top: 1em; } .heading_4 h5 { font-size: 1.1em; }
.toggle-heading > summary > * { display: inline; }
.bulleted-list, .numbered-list { margin: 0; padding-inline-start: 1.7em; }
.bulleted-list li, .numbered-list li { padding: 3px 0 3px 2px; white-space: pre-wrap; }
.bulleted-list .children, .numbered-list .children { padding-left: 0; }
.to-do-row { display: flex; align-items: flex-start; padding: 3px 2px; }
.checkbox { flex: none; width: 16px; height: 16px; margin: 4px 8px 0 0; border: 1.5px solid
  var(--text); display: inline-flex; align-items: center; justify-content: center;
  font-size: 12px; line-height: 1; }
.checkbox-on { background: rgb(35, 131, 226); border-color: rgb(35, 131, 226); color: #fff; }
.to-do-text { white-space: pre-wrap; }
.to-do.checked > .to-do-row .to-do-text { text-decoration: line-through; color: var(--muted); }
details.toggle > summary, details.toggle-heading > summary { cursor: pointer; padding: 3px 2px;
  white-space: pre-wrap; }
.quote { margin: 4px 0; padding: 0 14px; border-left: 3px solid currentColor; font-size: 1.2em; }
.quote p { padding: 3px 2px; }
.callout { display: flex; padding: 16px 16px 16px 12px; border-radius: 4px; margin: 4px 0; }
.callout-plain { border: 1px solid var(--line); }
.callout-icon { flex: none; width: 24px; font-size: 1.3em; line-height: 1.1; margin-right: 8px;
  text-align: center; }
img.callout-icon { height: 24px; object-fit: contain; }
.callout-body { flex: 1; min-width: 0; }
.callout-body p { padding: 0 2px; }
.code { margin: 4px 0; background: var(--code-bg); border-radius: 4px; position: relative; }
.code-language { font-size: 12px; color: var(--muted); padding: 8px 14px 0; }
.code pre { margin: 0; padding: 12px 16px 24px 20px; overflow-x: auto; tab-size: 2;
  font-family: "SFMono-Regular", Menlo, Consolas, "PT Mono", "Liberation Mono", Courier,
    monospace; font-size: 85%; line-height: 1.5; white-space: pre; }
.code figcaption { padding: 0 14px 8px; }
code.inline-code { font-family: "SFMono-Regular", Menlo, Consolas, "PT Mono",
  "Liberation Mono", Courier, monospace; background: var(--inline-code); color: #eb5757;
  border-radius: 4px; font-size: 85%; padding: 0.2em 0.4em; }
.equation { margin: 4px 0; padding: 12px 16px; text-align: center; border-radius: 4px;
  background: rgba(35, 131, 226, 0.05); overflow-x: auto; }
.equation code, .equation-inline code { font-family: "Latin Modern Math", "STIX Two Math",
  "Cambria Math", "Times New Roman", serif; font-style: italic; white-space: pre-wrap; }
.equation-inline { background: rgba(35, 131, 226, 0.07); border-radius: 3px; padding: 0 3px; }
.divider hr { border: none; border-bottom: 1px solid var(--line); margin: 8px 0; }
figure { margin: 4px 0; }
figcaption { font-size: 14px; color: var(--muted); padding: 6px 2px; white-space: pre-wrap; }
.image img { max-width: 100%; height: auto; display: block; border-radius: 2px; }
.video video { width: 100%; } .audio audio { width: 100%; }
.file-card, .link-card { display: flex; align-items: center; gap: 8px; padding: 10px 12px;
  border: 1px solid var(--line); border-radius: 4px; overflow: hidden; }
.link-kind { flex: none; font-size: 12px; text-transform: uppercase; color: var(--muted); }
.link-url { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.placeholder { display: inline-block; padding: 8px 12px; border: 1px dashed var(--line);
  border-radius: 4px; color: var(--muted); font-size: 14px; }
.table { overflow-x: auto; margin: 4px 0; }
.table table { border-collapse: collapse; font-size: 14px; }
.table th, .table td { border: 1px solid rgb(233, 233, 231); padding: 7px 9px; min-width: 120px;
  vertical-align: top; text-align: left; white-space: pre-wrap; }
.table th { background: var(--code-bg); font-weight: 500; }
.column-list { display: flex; gap: 46px; margin: 4px 0; }
.column { min-width: 0; }
.child-page a, .child-database a, .link-to-page a { display: inline-flex; gap: 6px;
  padding: 3px 2px; color: inherit; text-decoration: none; }
.page-link-title { border-bottom: 1px solid var(--line); font-weight: 500; }
.synced-block { border-radius: 4px; outline: 1px dashed rgba(235, 87, 87, 0.35); }
.table-of-contents ul { list-style: none; margin: 0; padding: 0; }
.table-of-contents a { color: var(--muted); text-decoration: none;
  border-bottom: 1px solid var(--line); }
.toc-level-2 { padding-left: 24px; } .toc-level-3 { padding-left: 48px; }
.toc-level-4 { padding-left: 72px; }
.breadcrumb { color: var(--muted); font-size: 14px; }
.breadcrumb a { color: inherit; }
.template-button { display: inline-block; padding: 4px 10px; border: 1px solid var(--line);
  border-radius: 4px; }
.notion-page a { color: inherit; text-decoration: underline;
  text-decoration-color: rgba(55, 53, 47, 0.4); }
.mention-page::before { content: "📄 "; }
.mention-user, .mention-date { color: var(--muted); }
.underline { text-decoration: underline; }
img.custom-emoji { height: 1em; vertical-align: -0.1em; }
.color-gray, .highlight-gray { color: rgb(120, 119, 116); }
.color-brown, .highlight-brown { color: rgb(159, 107, 83); }
.color-orange, .highlight-orange { color: rgb(217, 115, 13); }
.color-yellow, .highlight-yellow { color: rgb(203, 145, 47); }
.color-green, .highlight-green { color: rgb(68, 131, 97); }
.color-blue, .highlight-blue { color: rgb(51, 126, 169); }
.color-purple, .highlight-purple { color: rgb(144, 101, 176); }
.color-pink, .highlight-pink { color: rgb(193, 76, 138); }
.color-red, .highlight-red { color: rgb(212, 76, 71); }
.bg-gray { background: rgb(241, 241, 239); } .bg-brown { background: rgb(244, 238, 238); }
.bg-orange { background: rgb(251, 236, 221); } .bg-yellow { background: rgb(251, 243, 219); }
.bg-green { background: rgb(237, 243, 236); } .bg-blue { background: rgb(231, 243, 248); }
.bg-purple { background: rgba(244, 240, 247, 0.8); }
.bg-pink { background: rgba(249, 238, 243, 0.8); } .bg-red { background: rgb(253, 235, 236); }
"""
