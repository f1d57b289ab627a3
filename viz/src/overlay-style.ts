/**
 * The styles of the SVG overlay, as one string: put into the page at start-up and into every
 * exported SVG, so that an export looks like the screen. Constants only.
 */
export const OVERLAY_CSS = `
.overlay text { font: 11px system-ui, -apple-system, "Segoe UI", sans-serif; }
.header-bg { fill: #ffffff; stroke: #e5e7eb; }
.col-title { fill: #6b7280; font-size: 10px; }
.load-title text { fill: #1d4ed8; font-size: 10px; }
.load-title text.sub { fill: #6b7280; }
.lane-box { fill: #f9fafb; stroke-width: 1.5; }
.lane-label { fill: #111827; font-weight: 600; }
.lane-kind { fill: #6b7280; font-size: 9px; }
.lane.group .lane-box { fill: #ecfdf5; }
.lane { cursor: pointer; }
.lane:focus { outline: none; }
.lane:focus-visible .lane-box, .lane:focus-visible .seam { stroke: #2563eb; stroke-width: 3; }
.violation:focus { outline: none; }
.violation:focus-visible { stroke: #111827; stroke-width: 2; }
.seam { fill: #9ca3af; font-size: 14px; cursor: pointer; }
.lifeline { stroke: #cbd5e1; stroke-width: 1; }
.lifeline.seam { stroke: #9ca3af; stroke-dasharray: 2 3; }
.col-sep { stroke: #e5e7eb; }
.axis text { fill: #374151; font-size: 10px; }
.axis path, .axis line { stroke: #9ca3af; }
.jump-line { stroke: #a855f7; stroke-dasharray: 6 4; stroke-opacity: 0.5; }
.jump-zigzag { stroke: #a855f7; fill: none; stroke-width: 1.5; }
.jump-label { fill: #7e22ce; font-size: 10px; }
.arrow-label { font-size: 10.5px; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }
.mark-label { font-size: 10.5px; font-style: italic; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
.drop-label { font-size: 10.5px; font-weight: 600; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
.violation { cursor: pointer; }
.overlay g.cursor, .overlay g.current, .overlay g.diverge, .overlay g.measure, .overlay g.selection, .overlay g.hover, .overlay g.labels, .overlay g.jumps { pointer-events: none; }
.strip-note { fill: #374151; font-size: 10px; }
.mark-label.cause { font-weight: 600; font-style: normal; }
.measure { stroke: #0f766e; stroke-width: 1.5; }
.measure-text { fill: #0f766e; font-size: 11px; font-weight: 600; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
.cursor { stroke: #2563eb; stroke-opacity: 0.5; }
.cursor-bg { fill: #dbeafe; }
.cursor-text { fill: #1e3a8a; font-size: 10px; }
.current { stroke: #f59e0b; stroke-dasharray: 4 3; }
.current-bg { fill: #fef3c7; }
.current-text { fill: #92400e; font-size: 10px; }
.diverge { stroke: #db2777; stroke-width: 2; stroke-dasharray: 8 3; }
.diverge-bg { fill: #fce7f3; }
.diverge-text { fill: #9d174d; font-size: 10px; font-weight: 600; }
.minimap-hit { fill: transparent; cursor: ns-resize; }
.minimap-box { fill: rgba(37, 99, 235, 0.12); stroke: #2563eb; pointer-events: none; }
`;
