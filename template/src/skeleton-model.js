// Shared constants and helpers of <gtpose-skeleton>: rig sides, spoken labels, attribute parsing.

const FACINGS = [
  ['unknown', 'not sure / not needed'],
  ['front', 'facing the camera'],
  ['back', 'facing away'],
  ['side', 'side view'],
];
// The words for each reason code; kept equal to src/GtCustomPose.Core/Exports/ReasonWords.cs by a test.
const REASONS = {
  single_worker: 'only one usable answer, nothing to compare it with',
  low_agreement: 'the workers disagreed on where the points are',
  left_right_contradicts_face: 'left and right may be exchanged (the face says otherwise)',
  left_right_disputed: 'the workers disagreed on which side is left',
  left_right_swap_corrected: "a worker's mirrored skeleton was corrected",
  disputed_instance_count: 'the workers disagreed on how many people there are',
  skeleton_missed_by_some: 'some workers missed a person the others drew',
  low_confidence: 'the points may be inaccurate (low estimated OKS)',
  outlier_clicks_excluded: "clicks far from the other workers' were left out",
  keypoints_with_few_votes: 'some keypoints were placed by fewer than half of the workers',
  unreadable_answer: 'an answer could not be read',
  invalid_points: 'some points were outside the image or the rig',
  duplicate_worker_id: 'the same worker answered more than once',
  no_label: 'it has no label yet',
  qa_sample: 'a random quality check',
  high_p_wrong: 'likely wrong, though no review reason says so',
  needs_review: 'flagged for review, no reason named',
};
/** A reason code in words; an unknown code (even one named like an Object property) stays as it is. */
const reasonWords = (code) => (Object.prototype.hasOwnProperty.call(REASONS, code) ? REASONS[code] : code);
const SIDE_WORDS = [['left_', 'right_'], ['left-', 'right-'], ['Left', 'Right'], ['left', 'right'], ['l_', 'r_'],
  ['L_', 'R_']];
const MIN_SCALE = 0.02;
const MAX_SCALE = 40;
const HIT_RADIUS = 9;
const CLICK_SLOP = 4;

const round2 = (v) => Math.round(v * 100) / 100;
const el = (tag, props, ...children) => {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) node.append(child);
  return node;
};
const parseAttr = (host, name, fallback) => {
  const text = host.getAttribute(name);
  if (text === null || text === '') return fallback;
  try { return JSON.parse(text); } catch (e) { return fallback; }
};
const finite = (v) => typeof v === 'number' && Number.isFinite(v);

/** Which side of the subject a label names, by the rig's own pairing rule: a prefix whose partner label exists. */
function sidesOf(classes) {
  const labels = new Set(classes.map((k) => k.label));
  const sides = {};
  for (const k of classes) {
    if (k.side === 'left' || k.side === 'right') { sides[k.label] = k.side; continue; }
    for (const [l, r] of SIDE_WORDS) {
      if (k.label.startsWith(l) && labels.has(r + k.label.slice(l.length))) { sides[k.label] = 'left'; break; }
      if (k.label.startsWith(r) && labels.has(l + k.label.slice(r.length))) { sides[k.label] = 'right'; break; }
    }
  }
  return sides;
}

/**
 * Each paired label's flip partner: the rig's own pairs as PreAnnotation sends them (mirror), else the pairs the label
 * words make (left_x with right_x), as sidesOf finds them.
 */
function mirrorsOf(classes) {
  const labels = new Set(classes.map((k) => k.label));
  const mirrors = {};
  for (const k of classes) {
    if (typeof k.mirror === 'string' && labels.has(k.mirror) && k.mirror !== k.label) mirrors[k.label] = k.mirror;
  }
  if (Object.keys(mirrors).length > 0) return mirrors;
  for (const k of classes) {
    for (const [l, r] of SIDE_WORDS) {
      if (k.label.startsWith(l) && labels.has(r + k.label.slice(l.length))) {
        mirrors[k.label] = r + k.label.slice(l.length);
        mirrors[r + k.label.slice(l.length)] = k.label;
        break;
      }
    }
  }
  return mirrors;
}

/** "subject's LEFT wrist" for left_wrist; other labels with underscores read as spaces. */
function spoken(label, side) {
  if (!side) return label.replace(/_/g, ' ');
  for (const [l, r] of SIDE_WORDS) {
    const prefix = side === 'left' ? l : r;
    if (label.startsWith(prefix)) {
      const rest = label.slice(prefix.length).replace(/_/g, ' ').trim();
      return `subject's ${side.toUpperCase()} ${rest}`;
    }
  }
  return `${label} (subject's ${side.toUpperCase()})`;
}

