import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { authState, onAuthChange, type AuthState } from './keycloak.ts';

const AuthContext = createContext<AuthState>({ status: 'anonymous' });

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>(authState());
  useEffect(() => onAuthChange(setState), []);
  return <AuthContext.Provider value={state}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  return useContext(AuthContext);
}
