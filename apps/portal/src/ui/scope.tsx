// The tenant the user is looking at. It starts at the user's own tenant; users whose rights span
// a subtree (or who hold seats in several congresses) may switch, and the choice is remembered.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { useAuth } from '../auth/AuthContext.tsx';
import { switchableTenants } from '../auth/session.ts';
import { tenants } from '../tenants.ts';

interface Scope {
  /** The tenant code views are scoped to. */
  tenant: string;
  /** Codes the user may switch to; empty when there is no choice. */
  choices: string[];
  setTenant(code: string): void;
}

const ScopeContext = createContext<Scope>({ tenant: '', choices: [], setTenant: () => {} });
const KEY = 'onenet.scope';

export function ScopeProvider({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const session = auth.status === 'authenticated' ? auth.session : undefined;
  const choices = useMemo(() => (session ? switchableTenants(session, tenants) : []), [session]);
  const [chosen, setChosen] = useState<string | null>(() => sessionStorage.getItem(KEY));
  const tenant = chosen && choices.includes(chosen) ? chosen : (session?.tenantCode ?? '');
  const value = useMemo<Scope>(() => ({
    tenant,
    choices,
    setTenant(code) {
      sessionStorage.setItem(KEY, code);
      setChosen(code);
    },
  }), [tenant, choices]);
  return <ScopeContext.Provider value={value}>{children}</ScopeContext.Provider>;
}

export function useScope(): Scope {
  return useContext(ScopeContext);
}
