/** A record's facts as label and value pairs, the way every detail page shows them. */
export function Facts(props: { facts: ReadonlyArray<readonly [string, string]> }) {
  return (
    <dl class="facts">
      {props.facts.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </>
      ))}
    </dl>
  );
}
