import { WizardView } from './wizard/WizardView';

/** The add-account route: the setup wizard. */
export function AddAccountView() {
  return <WizardView />;
}
