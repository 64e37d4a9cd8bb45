import { AccountPage } from '@/components/auth/account-page';

export default function Account() {
  return <AccountPage />;
}
