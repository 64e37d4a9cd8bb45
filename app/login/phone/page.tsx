import { PhoneSignIn } from '@/components/auth/phone-sign-in';

/** Payers and collection companies sign in (or register) with their phone number and a one-time code. */
export default function PhoneSignInPage() {
  return (
    <main className="flex min-h-screen items-center justify-center bg-[radial-gradient(ellipse_at_top,#0c2a4a,#050b16)] p-4">
      <PhoneSignIn />
    </main>
  );
}
