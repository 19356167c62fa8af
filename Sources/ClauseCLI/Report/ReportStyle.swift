/// The report's only stylesheet, inlined into the page: screen and print.
enum ReportStyle {
    static let css = """
    :root { --ink: #1d2430; --muted: #5b6576; --line: #d9dee7; --paper: #ffffff; --wash: #f5f7fa;
            --ok: #1f7a44; --ok-bg: #e7f5ec; --warn: #8a5a00; --warn-bg: #fff4dc; --bad: #a32020; --bad-bg: #fdeaea;
            --hl: #fff1b8; --accent: #2456a6; }
    * { box-sizing: border-box; }
    html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    body { margin: 0; background: var(--wash); color: var(--ink);
           font: 15px/1.5 -apple-system, "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
    main { max-width: 960px; margin: 0 auto; padding: 28px 32px 40px; background: var(--paper); }
    header { border-bottom: 2px solid var(--ink); padding-bottom: 10px; margin-bottom: 18px; }
    .eyebrow { margin: 0; text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); }
    h1 { margin: 2px 0 2px; font-size: 24px; line-height: 1.25; }
    h2 { font-size: 17px; margin: 0 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
    .meta, .small, footer { color: var(--muted); font-size: 13px; }
    section { margin: 0 0 22px; }
    .decision { border-left: 8px solid; border-radius: 6px; padding: 14px 18px; }
    .decision.ok { border-color: var(--ok); background: var(--ok-bg); }
    .decision.warn { border-color: #d99a00; background: var(--warn-bg); }
    .decision.bad { border-color: var(--bad); background: var(--bad-bg); }
    .verdict { margin: 0; font-size: 28px; font-weight: 700; }
    .decision.ok .verdict { color: var(--ok); } .decision.warn .verdict { color: var(--warn); } .decision.bad .verdict { color: var(--bad); }
    .verdict .kind { font: 600 13px/1 ui-monospace, "DejaVu Sans Mono", monospace; vertical-align: middle;
                     padding: 3px 6px; border-radius: 4px; background: rgba(0,0,0,.07); color: var(--ink); }
    .summary { margin: 6px 0 10px; font-size: 16px; }
    .facts { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 0; }
    .facts dt { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
    .facts dd { margin: 0; font-size: 18px; font-weight: 600; }
    table { border-collapse: collapse; width: 100%; }
    .kv th { text-align: left; width: 130px; color: var(--muted); font-weight: 600; padding: 3px 8px 3px 0; vertical-align: top; }
    .kv td { padding: 3px 0; }
    .cost th, .cost td, .limits td { padding: 5px 8px; border-bottom: 1px solid var(--line); }
    .cost thead th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); text-align: left; }
    .cost .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .cost tfoot td { font-weight: 700; border-top: 2px solid var(--ink); border-bottom: none; }
    .cost tr.uncovered td { color: var(--bad); }
    .tag { font-size: 11px; padding: 1px 5px; border-radius: 3px; background: var(--bad-bg); color: var(--bad); }
    .limits tr.inactive td { color: var(--muted); }
    .limits td:nth-child(1) { width: 28px; } .limits td:nth-child(3) { width: 64px; }
    .todo { list-style: none; padding: 0; margin: 0; }
    .todo li { padding: 4px 0; }
    .todo .box { font-size: 18px; margin-right: 4px; }
    .todo .note, .why { color: var(--muted); }
    .why { display: block; margin-left: 26px; font-size: 13px; }
    .legend { font-size: 13px; color: var(--muted); margin: 0 0 8px; }
    .rule { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin-bottom: 10px; break-inside: avoid; }
    .rule.deciding { border-color: var(--accent); box-shadow: inset 4px 0 0 var(--accent); }
    .rule-head { margin: 0 0 4px; }
    .rule-kind { font: 600 12px/1 ui-monospace, "DejaVu Sans Mono", monospace; padding: 2px 5px; border-radius: 3px; }
    .rule-kind.cover { background: var(--ok-bg); color: var(--ok); } .rule-kind.deny { background: var(--bad-bg); color: var(--bad); }
    .outcome { color: var(--muted); font-size: 13px; }
    .badge { font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .05em; color: #fff;
             background: var(--accent); padding: 2px 6px; border-radius: 10px; }
    .criteria, .criteria ul { list-style: none; margin: 0; padding-left: 4px; }
    .criteria ul { padding-left: 24px; }
    .criteria li { padding: 3px 0; }
    .block-title { color: var(--muted); font-style: italic; }
    .detail { margin-left: 24px; font-size: 13px; color: var(--muted); }
    .detail code { color: var(--ink); }
    .mark { display: inline-block; width: 18px; text-align: center; font-weight: 700; }
    .mark.yes { color: var(--ok); } .mark.no { color: var(--bad); } .mark.unknown { color: #c77f00; }
    a.line-ref { font-size: 12px; color: var(--accent); text-decoration: none; white-space: nowrap; }
    code, .listing { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", Menlo, monospace; font-size: 13px; }
    .listing { border: 1px solid var(--line); border-radius: 6px; background: #fbfcfd; }
    .listing td { padding: 0 8px; vertical-align: top; white-space: pre-wrap; word-break: break-word; }
    .listing td.ln { width: 1%; text-align: right; color: #9aa3b2; border-right: 1px solid var(--line); user-select: none; white-space: nowrap; }
    .listing tr.hl td { background: var(--hl); }
    .listing tr.hl td.ln { color: var(--ink); font-weight: 700; box-shadow: inset 3px 0 0 #d99a00; }
    .gap { margin: 2px 0 2px 12px; color: var(--muted); }
    .listing .k { color: #7a2fa0; font-weight: 600; } .listing .d { color: #1a4fa0; font-weight: 700; }
    .listing .s { color: #1f7a44; } .listing .n { color: #b4530a; } .listing .m { color: #0b7285; }
    .listing .c { color: #7d8796; font-style: italic; } .listing .o { color: #444; } .listing .e { color: var(--bad); text-decoration: underline wavy; }
    .contacts { padding-left: 20px; margin: 0; } .contacts li { padding: 3px 0; }
    details.author { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; margin: 0 0 22px; }
    details.author > summary { cursor: pointer; font-weight: 600; color: var(--accent); margin-bottom: 4px; }
    details.author[open] > summary { margin-bottom: 12px; }
    code { overflow-wrap: anywhere; }
    footer { border-top: 1px solid var(--line); padding-top: 8px; margin-top: 24px; }
    /* A phone: less padding, the cost table keeps Session, Billed, You pay and Plan pays. */
    @media (max-width: 600px) {
      main { padding: 16px 12px 28px; }
      .cost .sec { display: none; }
      .cost th, .cost td, .limits td { padding: 4px 5px; }
      .kv th { width: 96px; }
      .limits td { overflow-wrap: anywhere; }
      details.author { padding: 6px 8px; }
    }
    @media print {
      details.author > summary { display: none; }
      @page { margin: 14mm 12mm; }
      body { background: #fff; font-size: 11pt; }
      main { max-width: none; padding: 0; }
      a.line-ref { color: var(--ink); }
      section, .rule, tr { break-inside: avoid; }
      .appendix { break-before: page; }
      .appendix, .appendix tr { break-inside: auto; }
    }
    """
}
