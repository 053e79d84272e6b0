// form_submit.js — the submit handler most forms share: no page load, the
// form's fields handed over as FormData, and the error of the last try
// shown until the next one.
import { useState } from 'preact/hooks';

// action(fields, form) may throw an ApiError; returns [onSubmit, error].
export function useSubmit(action) {
  const [error, setError] = useState('');
  const onSubmit = async (e) => {
    e.preventDefault();
    setError('');
    try {
      await action(new FormData(e.target), e.target);
    } catch (err) {
      setError(err.message);
    }
  };
  return [onSubmit, error];
}
