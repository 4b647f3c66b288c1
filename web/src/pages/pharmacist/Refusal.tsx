// A refused authorization or dispense: the program's reasons, what fixes each and by when — or
// the server's problem when it is not a refusal by the rules.
import type { ApiError, Problem } from '../../api';
import { FormProblem } from '../../components/forms';
import { ReasonList } from '../../components/reasons';

/**
 * A refusal: the program's reasons with what fixes each and by when, or the server's problem.
 * `advice` follows the title: what not to do while it stands (by default, a dispense's).
 */
export function Refusal({ error, what, advice = 'Do not dispense.' }: { error: ApiError; what: string; advice?: string }) {
  const problem = error.problem as Problem & { recorded?: { reversedAuthorizationId?: string; stockToReturn?: boolean } };
  if (problem.status !== 422 || problem.reasons === undefined) {
    return <FormProblem error={error} />;
  }
  return (
    <div className="problem" role="alert">
      <p className="problem-title">
        {what} is refused.{advice === '' ? '' : ` ${advice}`}
      </p>
      {problem.recorded?.reversedAuthorizationId === undefined ? null : (
        <p>
          <strong>The authorization has been reversed. Return the stock.</strong>
        </p>
      )}
      <p>What stands in the way, what fixes it and by when:</p>
      <ReasonList reasons={problem.reasons} />
      {problem.warnings === undefined || problem.warnings.length === 0 ? null : <ReasonList reasons={problem.warnings} tone="warning" />}
    </div>
  );
}
