import { LoginForm } from '@/components/auth/login-form';

export default function LoginPage() {
  return (
    <main className="flex min-h-screen items-center justify-center bg-[radial-gradient(ellipse_at_top,#0c2a4a,#050b16)] p-4">
      <LoginForm />
    </main>
  );
}
