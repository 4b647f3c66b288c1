import { Link } from 'react-router-dom';

export function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no such page, or it is not part of your role. <Link to="/">Go to your home page</Link>.
      </p>
    </section>
  );
}
